import express from 'express';
import { createApp } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { loadDemoCity } from '../../seeds/demo-city';
import { freshDatabase, TestDb } from './db';
import { CONSOLE_FIXTURE } from './world';

/** A fresh database with the demo city loaded (as `npm start` loads it), and the app over it. */
export interface DemoCity {
  t: TestDb;
  app: express.Express;
  clock: ManualClock;
}

export async function demoCity(): Promise<DemoCity> {
  const clock = new ManualClock(new Date('2026-05-06T02:00:00Z'));
  const t = await freshDatabase();
  expect(await loadDemoCity(t.db, clock)).toBe(true);
  return { t, clock, app: createApp({ db: t.db, clock, validateResponses: true, consoleDir: CONSOLE_FIXTURE }) };
}
