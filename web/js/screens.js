/**
 * The console's screen switch (`#screens`): the officer's own work and the further screens their actions allow (the
 * dashboard, the admin's staff accounts and programmes). One screen shows at a time; the work view is only hidden, so
 * going back to it finds the officer's place as they left it.
 */
import { $ } from './dom.js';
import { onLangChange } from './i18n.js';

/** @type {Map<string, { open: () => void, close: () => void }>} name -> screen, in the order offered */
const offered = new Map();
let current;

/** Offers the screen `name` (button `#screen-<name>`) beside the work view `workId`, which shows now. */
export function offerScreen(workId, name, screen) {
  if (!offered.has('work')) {
    offered.set('work', { open: () => { $(workId).hidden = false; }, close: () => { $(workId).hidden = true; } });
    current = 'work';
    $('screen-work').hidden = false;
  }
  offered.set(name, screen);
  $(`screen-${name}`).hidden = false;
  $('screens').hidden = false;
  mark();
}

function mark() {
  for (const name of offered.keys()) $(`screen-${name}`).setAttribute('aria-current', String(name === current));
}

function switchTo(name) {
  const next = offered.get(name);
  if (!next || name === current) return;
  offered.get(current)?.close();
  current = name;
  mark();
  next.open();
}

/** At sign-out: no screen is offered any more (each screen's module empties its own view). */
export function hideScreens() {
  for (const name of offered.keys()) $(`screen-${name}`).hidden = true;
  offered.clear();
  current = undefined;
  $('screens').hidden = true;
}

for (const button of document.querySelectorAll('#screens button')) button.addEventListener('click', () => switchTo(button.id.slice('screen-'.length)));

/**
 * What every further screen does alike (staff accounts, programmes, texts, the dashboard): `offer` puts it in the
 * switch for an officer whose actions include `action` (any officer without one) and hands it the context (`take`),
 * `open` shows its view `viewId` and starts it, `close` stops it (a load in flight is dropped) and hides the view,
 * `hide` (at sign-out) forgets what it held and empties the view, and a change of language draws an open screen again.
 */
export function screenLifecycle(name, viewId, action, { take, start, stop, redraw, forget }) {
  const view = () => $(viewId);
  const screen = {
    offer(context, workId) {
      if (action && !context.user.actions.includes(action)) return;
      take(context);
      offerScreen(workId, name, screen);
    },
    open() {
      view().hidden = false;
      start();
    },
    close() {
      stop();
      view().hidden = true;
    },
    hide() {
      forget();
      screen.close();
      view().replaceChildren();
    },
  };
  onLangChange(() => {
    if (!view().hidden && view().childElementCount) redraw();
  });
  return screen;
}
