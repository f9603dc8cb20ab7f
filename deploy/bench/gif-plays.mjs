// Loads a GIF in headless Chromium and samples the displayed frame over time: it plays if frames change.
import { chromium } from 'playwright-core';
const gif = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage();
await page.setContent(`<img id="g" src="data:image/gif;base64,${(await import('fs')).readFileSync(gif).toString('base64')}">`);
await page.waitForFunction(() => document.getElementById('g').complete);
const shots = [];
for (let i = 0; i < 6; i++) {
  shots.push((await page.locator('#g').screenshot()).toString('base64'));
  await page.waitForTimeout(700);
}
const distinct = new Set(shots).size;
const size = await page.evaluate(() => [document.getElementById('g').naturalWidth, document.getElementById('g').naturalHeight]);
console.log(`${gif}: ${size[0]}x${size[1]}, ${distinct} distinct frames in 6 screenshots 0.7 s apart -> ${distinct > 1 ? 'PLAYS' : 'STATIC'}`);
await browser.close();
