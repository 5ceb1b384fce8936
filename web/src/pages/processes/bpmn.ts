// bpmn-js with its styles; imported only when a diagram is drawn.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import NavigatedViewerModule from 'bpmn-js/lib/NavigatedViewer.js';

type ViewerConstructor = new (options: { container: HTMLElement }) => unknown;

// The package has no "exports" map: under Node resolution its default export may arrive wrapped.
const wrapped = NavigatedViewerModule as unknown as ViewerConstructor & { default?: ViewerConstructor };
export const NavigatedViewer: ViewerConstructor = wrapped.default ?? wrapped;
