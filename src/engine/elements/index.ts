// One processor per element kind, each in its own file (the table the interpreter dispatches on).
import type { ElementKind } from '../model.js';
import type { ElementProcessor } from '../processor.js';
import { startEventProcessor } from './start-event.js';
import { endEventProcessor } from './end-event.js';
import { catchEventProcessor } from './intermediate-catch-event.js';
import { intermediateThrowEventProcessor } from './intermediate-throw-event.js';
import { boundaryEventProcessor } from './boundary-event.js';
import { passThroughTaskProcessor } from './task.js';
import { userTaskProcessor } from './user-task.js';
import { serviceTaskProcessor } from './service-task.js';
import { receiveTaskProcessor } from './receive-task.js';
import { sendTaskProcessor } from './send-task.js';
import { exclusiveGatewayProcessor } from './exclusive-gateway.js';
import { parallelGatewayProcessor } from './parallel-gateway.js';
import { inclusiveGatewayProcessor } from './inclusive-gateway.js';
import { eventBasedGatewayProcessor } from './event-based-gateway.js';
import { subProcessProcessor } from './sub-process.js';
import { callActivityProcessor } from './call-activity.js';
import { multiInstanceBodyProcessor } from './multi-instance-body.js';

const PROCESSORS: Record<ElementKind | 'multiInstanceBody', ElementProcessor> = {
  startEvent: startEventProcessor,
  endEvent: endEventProcessor,
  intermediateCatchEvent: catchEventProcessor,
  intermediateThrowEvent: intermediateThrowEventProcessor,
  boundaryEvent: boundaryEventProcessor,
  task: passThroughTaskProcessor,
  manualTask: passThroughTaskProcessor,
  userTask: userTaskProcessor,
  serviceTask: serviceTaskProcessor,
  receiveTask: receiveTaskProcessor,
  sendTask: sendTaskProcessor,
  exclusiveGateway: exclusiveGatewayProcessor,
  parallelGateway: parallelGatewayProcessor,
  inclusiveGateway: inclusiveGatewayProcessor,
  eventBasedGateway: eventBasedGatewayProcessor,
  subProcess: subProcessProcessor,
  callActivity: callActivityProcessor,
  multiInstanceBody: multiInstanceBodyProcessor,
};

export function processorFor(kind: ElementKind | 'multiInstanceBody'): ElementProcessor {
  return PROCESSORS[kind];
}
