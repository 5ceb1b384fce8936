// Figures as the mining pages show them: durations in the largest sensible unit, shares as percent.
import type { Lang } from '../../i18n/index.js';

const UNITS: Record<Lang, { d: string; h: string; m: string; s: string; wd: string }> = {
  'zh-CN': { d: ' 天', h: ' 小时', m: ' 分钟', s: ' 秒', wd: ' 个工作日' },
  en: { d: ' d', h: ' h', m: ' min', s: ' s', wd: ' working days' },
};

function round(value: number, digits: number): string {
  return Number(value.toFixed(digits)).toString();
}

/** A duration given in seconds: "3.2 天", "5.5 小时", "12 分钟". */
export function formatSeconds(seconds: number | null | undefined, lang: Lang): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const u = UNITS[lang];
  const abs = Math.abs(seconds);
  if (abs >= 86_400) return `${round(seconds / 86_400, 1)}${u.d}`;
  if (abs >= 3_600) return `${round(seconds / 3_600, 1)}${u.h}`;
  if (abs >= 60) return `${round(seconds / 60, 0)}${u.m}`;
  return `${round(seconds, 0)}${u.s}`;
}

export function formatHours(hours: number | null | undefined, lang: Lang): string {
  return hours === null || hours === undefined ? '—' : formatSeconds(hours * 3600, lang);
}

export function formatWorkdays(days: number | null | undefined, lang: Lang): string {
  if (days === null || days === undefined || !Number.isFinite(days)) return '—';
  return `${round(days, 1)}${UNITS[lang].wd}`;
}

export function formatShare(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${round(share * 100, digits)}%`;
}

export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Number.isInteger(value) ? value.toLocaleString('en-US') : round(value, digits);
}

/** An instant from the API as local wall-clock time in China ("2025-10-01 08:00"). */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour') === '24' ? '00' : get('hour')}:${get('minute')}`;
}
