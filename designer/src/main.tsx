import { render } from 'solid-js/web';
import { App } from './app.tsx';
import { loadMe } from './session.ts';

void loadMe();
render(() => <App />, document.getElementById('app') as HTMLElement);
