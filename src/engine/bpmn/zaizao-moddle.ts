// The moddle descriptor of Zaizao's BPMN extension attributes (namespace ZAIZAO_NS), so that
// bpmn-moddle reads and writes them as typed properties instead of dropping them.
import { ZAIZAO_NS } from '../../shared/bpmn-xml.js';

export { ZAIZAO_NS };

const attr = (name: string, type = 'String') => ({ name, isAttr: true, type });

export const zaizaoDescriptor = {
  name: 'Zaizao',
  prefix: 'zaizao',
  uri: ZAIZAO_NS,
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  types: [
    { name: 'AsyncProps', extends: ['bpmn:Activity'], properties: [attr('async', 'Boolean')] },
    { name: 'TimerProps', extends: ['bpmn:TimerEventDefinition'], properties: [attr('calendar')] },
    { name: 'MessageProps', extends: ['bpmn:MessageEventDefinition', 'bpmn:ReceiveTask', 'bpmn:SendTask'], properties: [attr('correlationKey')] },
    {
      name: 'UserTaskProps',
      extends: ['bpmn:UserTask'],
      properties: [attr('candidateDepartments'), attr('candidateRoles'), attr('candidateUsers'), attr('assignee'), attr('formKey'), attr('dueDate')],
    },
    { name: 'ServiceTaskProps', extends: ['bpmn:ServiceTask'], properties: [attr('type'), attr('retries', 'Integer'), attr('retryBackoff')] },
    {
      name: 'MultiInstanceProps',
      extends: ['bpmn:MultiInstanceLoopCharacteristics'],
      properties: [attr('collection'), attr('elementVariable'), attr('outputCollection'), attr('outputElement')],
    },
    {
      name: 'FormField',
      superClass: ['Element'],
      properties: [attr('id'), attr('label'), attr('type'), attr('required', 'Boolean'), attr('values')],
    },
  ],
};
