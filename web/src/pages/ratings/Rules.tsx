// The county's rating rules: deadlines in working days, the default rating, the minimum sample.

import { Alert, App as AntApp, Button, Form, InputNumber, Spin } from 'antd';
import { RULE_BOUNDS, type RatingRules } from '../../../../src/rating/model.js';
import { useAuth } from '../../auth/AuthContext.js';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { ratingsApi } from './api.js';
import { useText } from './text.js';

export default function Rules() {
  const { tx, lang } = useText();
  const { user } = useAuth();
  const { message } = AntApp.useApp();
  // Saving answers with the rules as they now are.
  const { data: rules, error, set: setRules } = useLoad(() => ratingsApi.rules(), []);
  if (error) return <Alert type="error" title={errorText(error, lang)} />;
  if (!rules) return <Spin />;
  const editable = user?.role === 'admin' || user?.role === 'reform_office';
  const save = async (v: RatingRules) => {
    try {
      setRules(await ratingsApi.setRules({ ...v, defaultAfterDays: v.defaultAfterDays ?? null }));
      message.success(tx('done'));
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };
  return (
    <Form layout="vertical" initialValues={rules} onFinish={save} disabled={!editable} style={{ maxWidth: 420 }}>
      <Form.Item name="rectifyWorkdays" label={tx('rulesRectify')}>
        <InputNumber {...RULE_BOUNDS.rectifyWorkdays} />
      </Form.Item>
      <Form.Item name="appealWorkdays" label={tx('rulesAppeal')}>
        <InputNumber {...RULE_BOUNDS.appealWorkdays} />
      </Form.Item>
      <Form.Item name="defaultAfterDays" label={tx('rulesDefault')}>
        <InputNumber {...RULE_BOUNDS.defaultAfterDays} />
      </Form.Item>
      <Form.Item name="minSample" label={tx('rulesMinSample')}>
        <InputNumber {...RULE_BOUNDS.minSample} />
      </Form.Item>
      {editable && (
        <Button type="primary" htmlType="submit">
          {tx('save')}
        </Button>
      )}
    </Form>
  );
}
