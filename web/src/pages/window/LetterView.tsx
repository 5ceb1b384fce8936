// The commitment letter (告知承诺书) in full, as the applicant reads it before signing.
import { Card, Typography } from 'antd';
import { useI18n, pick } from '../../i18n/index.js';
import type { ServiceDetail } from './api.js';

export function LetterView({ letter }: { letter: ServiceDetail['letter'] }) {
  const { lang } = useI18n();
  return (
    <Card size="small" title={letter.title} data-testid="letter" styles={{ body: { maxHeight: 360, overflow: 'auto' } }}>
      {letter.notice.map((n, i) => (
        <Typography.Paragraph key={i}>{pick(n, lang)}</Typography.Paragraph>
      ))}
      <ol>
        {letter.commitments.map((c) => (
          <li key={c.no}>
            <Typography.Text strong>{c.proof}</Typography.Text>
            <Typography.Paragraph>{pick(c.content, lang)}</Typography.Paragraph>
          </li>
        ))}
      </ol>
      <Typography.Paragraph type="danger">{pick(letter.consequences, lang)}</Typography.Paragraph>
      <Typography.Paragraph strong>{pick(letter.declaration, lang)}</Typography.Paragraph>
    </Card>
  );
}
