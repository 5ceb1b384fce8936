// One rating: five large level buttons (phone-first), reasons to tick, a comment.
import { useState } from 'react';
import { App as AntApp, Button, Checkbox, Input, Space, Typography } from 'antd';
import { LEVELS, LEVEL_LABELS, MAX_COMMENT, REASONS, REASON_LABELS, isNegative, type Level, type OccurrenceKind, type Reason } from '../../../../src/rating/model.js';
import { errorText } from '../../api/client.js';
import { ratingsApi } from './api.js';
import { useText } from './text.js';

const POSITIVE_REASONS: Reason[] = ['fast', 'convenient', 'courteous', 'clear_guidance', 'other'];
const NEGATIVE_REASONS: Reason[] = REASONS.filter((r) => !['fast', 'convenient', 'courteous', 'clear_guidance'].includes(r));

export interface RatingChoice {
  level: Level;
  reasons: Reason[];
  comment: string;
}

/** Rates an occurrence through the signed-in API (channel given), or through `submit` (a notice link). */
export default function RatingForm({
  occurrenceKind = 'instance',
  occurrenceId,
  channel,
  onRated,
  submit: submitOverride,
  large = false,
}: {
  occurrenceKind?: OccurrenceKind;
  occurrenceId?: string;
  channel?: 'mobile' | 'portal' | 'pad';
  onRated: () => void;
  submit?: (choice: RatingChoice) => Promise<unknown>;
  large?: boolean;
}) {
  const { tx, label, lang } = useText();
  const { message } = AntApp.useApp();
  const [level, setLevel] = useState<Level | null>(null);
  const [reasons, setReasons] = useState<Reason[]>([]);
  const [comment, setComment] = useState('');
  const [saving, setSaving] = useState(false);
  const options = level !== null && isNegative(level) ? NEGATIVE_REASONS : POSITIVE_REASONS;

  const submit = async () => {
    if (level === null) return;
    setSaving(true);
    try {
      const choice: RatingChoice = { level, reasons: reasons.filter((x) => options.includes(x)), comment };
      await (submitOverride ? submitOverride(choice) : ratingsApi.rate({ occurrenceKind, occurrenceId: occurrenceId!, channel: channel!, ...choice }));
      message.success(tx('thanks'));
      onRated();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="rating-form">
      <div role="radiogroup" aria-label={tx('level')} style={{ display: 'grid', gridTemplateColumns: 'repeat(5, 1fr)', gap: 6 }}>
        {LEVELS.map((l) => (
          <Button
            key={l}
            role="radio"
            aria-checked={level === l}
            type={level === l ? 'primary' : 'default'}
            danger={isNegative(l) && level === l}
            onClick={() => setLevel(l)}
            style={{ height: large ? 96 : 64, whiteSpace: 'normal', padding: 4, fontSize: large ? 18 : 13, lineHeight: 1.2 }}
            data-testid={`level-${l}`}
          >
            {label(LEVEL_LABELS[l])}
          </Button>
        ))}
      </div>
      {level !== null && (
        <>
          <Typography.Text type="secondary">{tx('reasons')}</Typography.Text>
          <Checkbox.Group value={reasons} onChange={(v) => setReasons(v as Reason[])} style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            {options.map((r) => (
              <Checkbox key={r} value={r}>
                {label(REASON_LABELS[r])}
              </Checkbox>
            ))}
          </Checkbox.Group>
          <Input.TextArea
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={MAX_COMMENT}
            rows={3}
            placeholder={tx('comment')}
            aria-label={tx('comment')}
            data-testid="rating-comment"
          />
        </>
      )}
      <Button type="primary" block size="large" disabled={level === null} loading={saving} onClick={submit} data-testid="rating-submit">
        {level === null ? tx('chooseLevel') : tx('submit')}
      </Button>
    </Space>
  );
}
