/**
 * The banks the applicant's form offers (web/index.html), by their clearing code, as officers know them: the staff
 * console names a payout's bank instead of showing "Bank 002". Another code (typed as "Bank lain") keeps its number.
 */
export const BANK_NAMES: Readonly<Record<string, string>> = {
  '002': 'BRI',
  '008': 'Bank Mandiri',
  '009': 'BNI',
  '011': 'Danamon',
  '014': 'BCA',
  '022': 'CIMB Niaga',
  '110': 'Bank BJB',
  '111': 'Bank DKI',
  '120': 'Bank Sumsel Babel',
  '127': 'Bank SulutGo',
  '130': 'Bank NTT',
  '137': 'Bank Banten',
  '200': 'BTN',
  '451': 'BSI - Bank Syariah Indonesia',
};
