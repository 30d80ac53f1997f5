import { api } from '../api/api-client';

/**
 * Asks the api for `path` as CSV (`Accept: text/csv`, with the session's bearer token, so a plain
 * link would not do) and hands it to the browser as a file download.
 */
export async function downloadCsv(path: string, fileName: string): Promise<void> {
  const text = await api<string>(path, { accept: 'text/csv' });
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // After the click has handed the blob over; revoking at once can cancel the download in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
