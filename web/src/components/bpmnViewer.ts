// bpmn-js (navigated viewer) and its styles, loaded only by pages that draw a process.
import NavigatedViewerModule from 'bpmn-js/lib/NavigatedViewer.js';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';

export interface Viewer {
  importXML(xml: string): Promise<{ warnings: unknown[] }>;
  get<T>(service: string): T;
  destroy(): void;
}

type ViewerConstructor = new (options: { container: HTMLElement }) => Viewer;

// The package has no "exports" map: under Node resolution its default export may arrive wrapped.
const wrapped = NavigatedViewerModule as unknown as ViewerConstructor & { default?: ViewerConstructor };
export const NavigatedViewer: ViewerConstructor = wrapped.default ?? wrapped;
