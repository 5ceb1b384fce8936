// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Empty } from 'antd';
import { LANG_STORAGE_KEY, MESSAGES, storedLang, translate, useI18n } from './index.js';
import { Providers } from '../App.js';
import { LanguageSwitch } from '../layout/AppLayout.js';
import { byTestId, click, installBrowserShims, mockApi, render, type Rendered } from '../test-support.js';

function Probe() {
  const { lang, t } = useI18n();
  return (
    <div>
      <span data-testid="lang">{lang}</span>
      <span data-testid="nav">{t('nav.catalogue')}</span>
      <Empty />
      <LanguageSwitch />
    </div>
  );
}

describe('i18n', () => {
  let view: Rendered | undefined;
  beforeAll(installBrowserShims);
  afterEach(() => {
    view?.unmount();
    localStorage.clear();
    vi.unstubAllGlobals();
  });

  it('has the same keys, all non-empty, in zh-CN and en', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES['zh-CN']).sort());
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const [key, text] of Object.entries(MESSAGES[lang])) expect(text.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('uses the glossary terms for the capabilities', () => {
    expect(translate('zh-CN', 'nav.catalogue')).toBe('事项目录');
    expect(translate('zh-CN', 'nav.bundles')).toBe('一件事');
    expect(translate('zh-CN', 'nav.ratings')).toBe('好差评');
    expect(translate('zh-CN', 'role.reform_office')).toBe('改革办');
    expect(translate('en', 'nav.catalogue')).toBe('Catalogue');
  });

  it('fills in variables', () => {
    expect(translate('zh-CN', 'dashboard.welcome', { name: '王主任' })).toBe('您好，王主任');
    expect(translate('en', 'error.unexpected', { status: 502 })).toContain('HTTP 502');
  });

  it('starts in zh-CN, switches to English with Ant Design, and remembers the choice', async () => {
    mockApi({});
    expect(storedLang()).toBe('zh-CN');
    view = await render(
      <Providers>
        <Probe />
      </Providers>,
    );
    expect(byTestId('lang').textContent).toBe('zh-CN');
    expect(byTestId('nav').textContent).toBe('事项目录');
    expect(view.text()).toContain('暂无数据');
    expect(document.documentElement.lang).toBe('zh-CN');

    await click(byTestId('lang-switch'));
    expect(byTestId('lang').textContent).toBe('en');
    expect(byTestId('nav').textContent).toBe('Catalogue');
    expect(view.text()).toContain('No data');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(storedLang()).toBe('en');
  });
});
