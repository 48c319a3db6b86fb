/**
 * The local managed login's page (local/managed-login.ts): a plain form, in Bahasa Indonesia and English side by
 * side as the officer's two languages, with no script or style, so it needs nothing its strict CSP would block.
 */

/** The OAuth parameters the form carries from the console's request to its post. */
const CARRIED = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'] as const;

const PROBLEMS = {
  badRequest: 'Permintaan masuk tidak dapat dibaca. Kembali ke konsol petugas dan coba lagi. / The sign-in request could not be read. Go back to the staff console and try again.',
  unknownClient: 'Halaman masuk ini tidak dibuka dari konsol petugas. Buka konsol petugas dan pilih Masuk. / This sign-in page was not opened from the staff console. Open the staff console and choose Sign in.',
  wrongPassword: 'Nama pengguna atau kata sandi salah. / Wrong username or password.',
} as const;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function signInPage(problem?: keyof typeof PROBLEMS, params?: URLSearchParams): string {
  const alert = problem ? `<p id="problem" role="alert">${escape(PROBLEMS[problem])}</p>` : '';
  const form = params && problem !== 'unknownClient' && problem !== 'badRequest'
    ? `<form method="post" action="/oauth2/authorize">
${CARRIED.map((name) => `<input type="hidden" name="${name}" value="${escape(params.get(name) ?? '')}">`).join('\n')}
<p><label for="username">Nama pengguna / Username</label><br><input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" value="${escape(params.get('username') ?? '')}" required></p>
<p><label for="password">Kata sandi / Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit" id="sign-in">Masuk / Sign in</button></p>
</form>`
    : '';
  return `<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><link rel="icon" href="data:,"><title>Masuk petugas / Staff sign-in - Jaring</title></head>
<body>
<main>
<h1>Masuk petugas / Staff sign-in</h1>
${alert}
${form}
</main>
</body>
</html>
`;
}
