/**
 * Offers a file made on the page for download (a link with `download` to a blob: URL): the
 * exports, the tables' CSV and the pack to publish all leave the options page this way, and the
 * journeys read them back the same way in every browser (e2e/harness captureDownloads).
 */
export function offerDownload(name: string, type: string, text: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
