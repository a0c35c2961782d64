import { chromium } from '/work/wt-lead/node_modules/playwright-core/index.mjs';
const base = process.argv[2]; const out = process.argv[3];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const errors = [];
for (const width of [1440, 390]) {
  const touch = width < 600;
  const ctx = await browser.newContext({ viewport: { width, height: touch ? 844 : 1000 }, hasTouch: touch, isMobile: touch });
  const p = await ctx.newPage();
  p.on('console', (m) => m.type() === 'error' && errors.push(`${width}: ${m.text()}`));
  p.on('pageerror', (e) => errors.push(`${width}: ${e}`));
  await p.goto(base);
  await p.locator(touch ? '[data-action=generate] >> visible=true' : '.visitor-banner [data-action=generate]').first().click();
  if (touch) { await p.locator('#menu-button').click().catch(() => {}); }
  await p.goto(base + '/#/history');
  const tile = p.locator('generation-history [part~=item]').first();
  await tile.waitFor();
  for (let i = 0; i < 60 && (await tile.getAttribute('data-status')) !== 'completed'; i++) await p.waitForTimeout(500);
  console.log(width, 'status', await tile.getAttribute('data-status'));
  if (!touch) { await tile.hover(); await p.waitForTimeout(1500); }
  await p.screenshot({ path: `${out}/visitor-history-${width}.png` });
  await tile.click();
  await p.waitForTimeout(2000);
  await p.screenshot({ path: `${out}/visitor-player-${width}.png` });
  await p.keyboard.press('Escape');
  if (touch) await p.locator('#sign-in').click().catch(async () => { await p.locator('#menu-button').click(); await p.locator('#sign-in').click(); });
  else await p.locator('#sign-in').click();
  await p.waitForTimeout(2500);
  console.log(width, 'toast', await p.locator('generation-history [part=toast]').textContent().catch(() => null));
  await p.screenshot({ path: `${out}/signed-in-history-${width}.png` });
  await ctx.close();
}
console.log('errors', errors);
await browser.close();
