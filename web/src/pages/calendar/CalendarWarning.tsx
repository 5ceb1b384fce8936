// From October, tells administrators and the reform office that next year's official holiday
// arrangement is not loaded yet (its working days are provisional). Silent otherwise, and
// silent when the calendar cannot be read: it is a reminder, not the page's content.

import { Alert } from 'antd';
import { Link } from 'react-router-dom';
import { calendarApi, type CalendarYears } from '../../api/calendar.js';
import { useLoad } from '../../api/useLoad.js';
import { useAuth } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/index.js';

export const CALENDAR_WARNED_ROLES = ['admin', 'reform_office'] as const;

/** `known`: the warning the page already read (the calendar page); otherwise it is fetched. */
export default function CalendarWarning({ known }: { known?: CalendarYears['warning'] }) {
  const { user } = useAuth();
  const { lang, t } = useI18n();
  const concerned = !!user && (CALENDAR_WARNED_ROLES as readonly string[]).includes(user.role);
  const fetched = useLoad(
    (signal) =>
      !concerned || known !== undefined
        ? Promise.resolve(null)
        : calendarApi.years(signal).then(
            (y) => y.warning ?? null,
            () => null, // a warning that cannot be read is not shown
          ),
    [concerned, known],
  ).data;
  const warning = known !== undefined ? known : fetched;

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
