import { html } from 'htm/preact';
import { render, type VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { FunctionView } from './function-view.js';
import { FunctionsView } from './functions-view.js';
import { ResourcesView } from './resources-view.js';
import { TimelineView } from './timeline-view.js';
import { href } from './ui.js';

/** The route in the location's hash: `#/functions/NAME`, `#/events/REQUEST_ID`, `#/resources`, or the function list. */
function useRoute(): string[] {
  const read = (): string[] => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const changed = (): void => setRoute(read());
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}

function page([view, name]: string[]): VNode {
  if (view === 'functions' && name !== undefined) return html`<${FunctionView} name=${name} />`;
  if (view === 'events' && name !== undefined) return html`<${TimelineView} requestId=${name} />`;
  if (view === 'resources') return html`<${ResourcesView} />`;
  return html`<${FunctionsView} />`;
}

function App(): VNode {
  const route = useRoute();
  return html`
    <header>
      <a class="brand" href="#/">Eventide</a>
      <nav>
        <a href="#/" class=${route[0] !== 'resources' ? 'active' : ''}>Functions</a>
        <a href=${href('resources')} class=${route[0] === 'resources' ? 'active' : ''}>Queues, topics, buses</a>
      </nav>
    </header>
    <main>${page(route)}</main>
  `;
}

const root = document.getElementById('app');
if (root !== null) render(html`<${App} />`, root);
