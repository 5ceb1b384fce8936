import { describe, expect, it } from 'vitest';
import { escapeXml } from './xml.js';

describe('the one XML escape', () => {
  it('escapes the five special characters, so text is safe in elements and in either kind of quoted attribute', () => {
    expect(escapeXml(`a & b < c > d "e" 'f'`)).toBe('a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;');
  });

  it('drops the characters XML 1.0 cannot carry and keeps tabs, line breaks and Chinese text', () => {
    expect(escapeXml('施工\u0000许可\u0008\t一件事\n\r\uFFFE')).toBe('施工许可\t一件事\n\r');
  });
});
