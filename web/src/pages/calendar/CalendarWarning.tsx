// From October, tells administrators and the reform office that next year's official holiday
// arrangement is not loaded yet (its working days are provisional). Silent otherwise, and
// silent when the calendar cannot be read: it is a reminder, not the page's content.
import { useEffect, useState } from 'react';
import { Alert } from 'antd';
import { Link } from 'react-router-dom';
import { calendarApi, type CalendarYears } from '../../api/calendar.js';
import { useAuth } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/index.js';

export const CALENDAR_WARNED_ROLES = ['admin', 'reform_office'] as const;

/** `known`: the warning the page already read (the calendar page); otherwise it is fetched. */
export default function CalendarWarning({ known }: { known?: CalendarYears['warning'] }) {
  const { user } = useAuth();
  const { lang, t } = useI18n();
  const [fetched, setWarning] = useState<CalendarYears['warning']>(null);
  const concerned = !!user && (CALENDAR_WARNED_ROLES as readonly string[]).includes(user.role);
  const warning = known !== undefined ? known : fetched;

  useEffect(() => {
    if (!concerned || known !== undefined) return;
    const controller = new AbortController();
    calendarApi.years(controller.signal).then(
      (y) => setWarning(y.warning ?? null),
      () => setWarning(null),
    );
    return () => controller.abort();
  }, [concerned, known]);

  if (!concerned || !warning) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="calendar-warning"
      title={t('calendar.warningTitle', { year: warning.year })}
      description={
        <span>
          {lang === 'en' ? warning.message.en : warning.message.zh} <Link to="/calendar">{t('calendar.openPage')}</Link>
        </span>
      }
    />
  );
}
