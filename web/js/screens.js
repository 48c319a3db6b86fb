/**
 * The console's screen switch (`#screens`): the officer's own work and the further screens their actions allow (the
 * dashboard, the admin's staff accounts and programmes). One screen shows at a time; the work view is only hidden, so
 * going back to it finds the officer's place as they left it.
 */
import { $ } from './dom.js';

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
