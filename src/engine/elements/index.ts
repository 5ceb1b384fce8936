// One processor per element kind (the table the interpreter dispatches on).
import type { ElementKind } from '../model.js';
import type { ElementProcessor } from '../processor.js';
import { boundaryEventProcessor, catchEventProcessor, endEventProcessor, intermediateThrowEventProcessor, startEventProcessor } from './events.js';
import { eventBasedGatewayProcessor, exclusiveGatewayProcessor, inclusiveGatewayProcessor, parallelGatewayProcessor } from './gateways.js';
import { passThroughTaskProcessor, receiveTaskProcessor, sendTaskProcessor, serviceTaskProcessor, userTaskProcessor } from './tasks.js';
import { callActivityProcessor, multiInstanceBodyProcessor, subProcessProcessor } from './containers.js';

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
