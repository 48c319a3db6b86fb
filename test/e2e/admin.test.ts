/**
 * The admin's screens in a real browser (issue #10 part 3): from the screen switch the admin opens Staff accounts,
 * disables verifikator2.tangerang (whose token is refused from then on, and who cannot sign in), enables the account
 * again, and is told in words why they cannot disable themselves; gives verifikator.kupang the approver role and a
 * district picked by name (the officer's next sign-in carries both), a change without a role refused by its field; then edits sembako's amount with a reason and sees
 * version 2 in its history, a bad quota shown by its field. axe-core finds nothing on either screen, and there is no
 * console error.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium, watchedPage } from '../support/chromium.ts';

const OFFICER = 'verifikator2.tangerang';

let stack: LocalStack;
let browser: Browser;
let api: ApiClient;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack(), launchChromium()]);
  api = apiClient(stack.url);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** The admin signed in on a fresh profile; every console error, script error and refused request is kept. */
async function adminPage() {
  const { page, problems } = await watchedPage(browser);
  await page.goto(`${stack.url}/staff.html`);
  await page.fill('#username', 'admin');
  await page.fill('#password', 'jaring-dev');
  await page.click('#login-submit');
  await page.locator('#work-view').waitFor();
  return { page, problems };
}

const row = (page: Page, table: string, key: string) => page.locator(`#${table} tr[data-key="${key}"]`);
const cells = async (page: Page, table: string, key: string) => (await row(page, table, key).locator('td').allInnerTexts()).map((c) => c.trim());

describe('the admin console', () => {
  it('disables an officer, whose token and sign-in are refused, and enables them again', async () => {
    const officerToken = await api.login(OFFICER);
    const { page, problems } = await adminPage();
    await page.click('#screen-staff');
    await page.locator('#admin-staff-status', { hasText: /akun\.$/ }).waitFor();
    expect(await page.getAttribute('#screen-staff', 'aria-current')).toBe('true');
    expect(await page.locator('#work-view').isHidden()).toBe(true);
    expect(await page.innerText('#admin-staff-view')).toContain('Peran dan wilayah petugas disimpan di penyedia identitas');
    expect(await cells(page, 'admin-staff-table', OFFICER)).toEqual(expect.arrayContaining([OFFICER, 'verifikator', 'Kota Tangerang (36.71)', 'aktif']));
    expect((await cells(page, 'admin-staff-table', 'admin'))[2]).toBe('semua wilayah');
    expect(await axeViolations(page)).toEqual([]);

    await row(page, 'admin-staff-table', OFFICER).locator('[data-action=disable]').click();
    await page.locator('#admin-staff-outcome', { hasText: `Akun ${OFFICER} dinonaktifkan` }).waitFor();
    expect((await cells(page, 'admin-staff-table', OFFICER))[3]).toBe('dinonaktifkan');
    expect((await api.call('GET', '/api/tasks?kind=verification', { token: officerToken })).status).toBe(401);
    expect((await api.call('POST', '/api/auth/login', { body: { username: OFFICER, password: 'jaring-dev' } })).status).toBeGreaterThanOrEqual(400);

    await row(page, 'admin-staff-table', OFFICER).locator('[data-action=enable]').click();
    await page.locator('#admin-staff-outcome', { hasText: `Akun ${OFFICER} aktif lagi` }).waitFor();
    expect((await cells(page, 'admin-staff-table', OFFICER))[3]).toBe('aktif');
    // Revocation compares whole seconds of a token's issue time: a token signed in the same second would be refused.
    await new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000)));
    expect((await api.call('GET', '/api/tasks?kind=verification', { token: await api.login(OFFICER) })).status).toBe(200);

    // The server's refusal, in the reader's half of its words (its 409 is the one refused request).
    await row(page, 'admin-staff-table', 'admin').locator('[data-action=disable]').click();
    await page.locator('#admin-staff-outcome', { hasText: /^Tidak dapat diubah: Anda tidak dapat menonaktifkan akun Anda sendiri/ }).waitFor();
    expect(await page.innerText('#admin-staff-outcome')).not.toContain(' / ');
    expect(problems.sort()).toEqual([expect.stringMatching(/^409 POST .*\/api\/staff\/admin\/access$/), expect.stringMatching(/^console: Failed to load resource: .* 409/)]);
    await page.context().close();
  }, 60_000);

  it('changes an officer\'s roles and regions, picked by name; the next sign-in carries them', async () => {
    const { page, problems } = await adminPage();
    await page.click('#screen-staff');
    await page.locator('#admin-staff-status', { hasText: /akun\.$/ }).waitFor();
    const kupang = 'verifikator.kupang';
    await row(page, 'admin-staff-table', kupang).locator('[data-action=roles]').click();
    await page.locator('#staff-roles-title').waitFor();
    expect(await page.isChecked('#staff-roles-role-verifier')).toBe(true);
    expect(await page.innerText('#staff-roles-regions-list')).toContain('Kota Kupang (53.71)');

    // Nothing ticked: refused by the server, shown by the roles field, nothing changed.
    await page.uncheck('#staff-roles-role-verifier');
    await page.click('#staff-roles-save');
    await page.locator('[data-path=roles] .field-error', { hasText: 'pilih paling sedikit satu peran' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.check('#staff-roles-role-verifier');
    await page.check('#staff-roles-role-approver');
    await page.selectOption('#staff-roles-province', '53');
    await page.locator('#staff-roles-city option[value="53.71"]').waitFor({ state: 'attached' });
    await page.selectOption('#staff-roles-city', '53.71');
    await page.locator('#staff-roles-district option[value="53.71.01"]').waitFor({ state: 'attached' });
    await page.selectOption('#staff-roles-district', '53.71.01');
    await page.click('#staff-roles-add');
    await page.click('#staff-roles-save');
    await page.locator('#admin-staff-outcome', { hasText: `Peran dan wilayah ${kupang} diubah` }).waitFor();
    const [, roles, regions] = await cells(page, 'admin-staff-table', kupang);
    expect(roles).toBe('verifikator, penyetuju');
    expect(regions).toMatch(/^Kota Kupang \(53\.71\), .+ \(53\.71\.01\)$/);

    // Revocation compares whole seconds of a token's issue time: a token signed in the same second would be refused.
    await new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000)));
    const me = await api.call<{ roles: string[]; regions: string[] }>('GET', '/api/me', { token: await api.login(kupang) });
    expect(me.json).toMatchObject({ roles: ['verifier', 'approver'], regions: ['53.71', '53.71.01'] });
    expect(problems.sort()).toEqual([expect.stringMatching(/^400 POST .*\/api\/staff\/verifikator\.kupang\/roles$/), expect.stringMatching(/^console: Failed to load resource: .* 400/)]);
    await page.context().close();
  }, 60_000);

  it('publishes a new version of sembako with a reason, and shows field problems by the field', async () => {
    const { page, problems } = await adminPage();
    await page.click('#screen-programs');
    const sembako = row(page, 'admin-programs-table', 'sembako');
    await sembako.waitFor();
    expect((await cells(page, 'admin-programs-table', 'sembako'))[1]).toBe('1');
    await sembako.locator('button').click();
    await page.locator('#admin-program-form').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.fill('#ap-quota', 'lima ratus');
    await page.fill('#ap-note', 'Uji kuota terlalu besar');
    await page.click('#ap-save');
    await page.locator('[data-path=quotaPerDistrict].has-error').waitFor();
    expect(await page.innerText('#ap-quota-error')).toBe('kuota per kecamatan harus bilangan bulat 1 sampai 5.000, atau kosong untuk tanpa kuota');
    expect(await axeViolations(page)).toEqual([]);

    await page.fill('#ap-quota', '500');
    await page.fill('#ap-amount', '250000');
    await page.fill('#ap-note', 'Penyesuaian harga bahan pokok 2027');
    await page.click('#ap-save');
    await page.locator('#admin-program-saved', { hasText: 'Versi 2 diterbitkan' }).waitFor();
    // The seed's note is in both languages; the reader gets their half.
    expect((await cells(page, 'admin-versions-table', '1')).slice(1, 4)).toEqual(['sistem (aturan bawaan)', expect.any(String), 'Program awal']);
    const version2 = await cells(page, 'admin-versions-table', '2');
    expect(version2.slice(0, 2)).toEqual(['2', 'admin']);
    expect(version2[3]).toBe('Penyesuaian harga bahan pokok 2027');
    expect(version2[4]?.replace(/\D/g, '')).toBe('250000');
    expect((await cells(page, 'admin-programs-table', 'sembako'))[1]).toBe('2');
    expect(await axeViolations(page)).toEqual([]);

    // The work view is where the admin left it.
    await page.click('#screen-work');
    expect(await page.locator('#admin-programs-view').isHidden()).toBe(true);
    expect(await page.locator('#work-view').isVisible()).toBe(true);
    expect(problems.sort()).toEqual([expect.stringMatching(/^400 POST .*\/api\/programs\/sembako\/versions$/), expect.stringMatching(/^console: Failed to load resource: .* 400/)]);
    await page.context().close();
  }, 60_000);
});
