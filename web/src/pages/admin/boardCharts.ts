// The board's charts as ECharts options, from GET /api/v1/board (pure: the figures in, the option out).
import type { components } from '@contract';
import type { ChartOption } from './EChart';

export type Board = components['schemas']['Board'];
type DepartmentFigures = Board['departments'][number];

export const PROJECT_STAGES: Record<string, string> = {
  approved: '已立项',
  under_construction: '建设中',
  completed: '已完工',
  preliminary_accepted: '已初验',
  trial_run: '试运行',
  accepted: '已竣工验收',
  rectification: '整改中',
};

/** 榕城市公安局 → 公安局: the city's name is the same on every bar. */
export function shortName(name: string): string {
  return name.replace(/^榕城市/, '');
}

const BLUE = '#1d4f91';
const GREEN = '#3a8a3a';
const RED = '#c0392b';
const ORANGE = '#d4820f';

function byName(departments: DepartmentFigures[]): DepartmentFigures[] {
  // Horizontal bars read top-down; ECharts draws a category axis bottom-up.
  return [...departments].reverse();
}

/** 各部门目录与共享: published entries (bars) and the share of them that is shared (line, %). */
export function sharingOption(board: Board): ChartOption {
  const ds = board.departments;
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 48, bottom: 8, top: 40, containLabel: true },
    xAxis: { type: 'category', data: ds.map((d) => shortName(d.departmentName)), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: [
      { type: 'value', name: '目录数', minInterval: 1 },
      { type: 'value', name: '共享比例', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      { name: '已登记目录', type: 'bar', barMaxWidth: 28, data: ds.map((d) => d.entriesRegistered), itemStyle: { color: '#8fa9cf' } },
      { name: '已发布目录', type: 'bar', barMaxWidth: 28, data: ds.map((d) => d.entriesPublished), itemStyle: { color: BLUE } },
      {
        name: '共享比例（有条件+无条件）',
        type: 'line',
        yAxisIndex: 1,
        data: ds.map((d) => (d.sharedShare === null ? null : Math.round(d.sharedShare * 1000) / 10)),
        itemStyle: { color: GREEN },
        tooltip: { valueFormatter: (v) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
      },
    ],
  };
}

/** 共享申请答复: per department, requests awaiting its answer within the deadline and past it. */
export function requestsOption(board: Board): ChartOption {
  const ds = byName(board.departments.filter((d) => d.requestsPending > 0 || d.requestsOverdue > 0));
  const shown = ds.length > 0 ? ds : byName(board.departments);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, bottom: 8, top: 40, containLabel: true },
    yAxis: { type: 'category', data: shown.map((d) => shortName(d.departmentName)) },
    xAxis: { type: 'value', minInterval: 1, name: '件' },
    series: [
      {
        name: '期限内待答复',
        type: 'bar',
        stack: 'pending',
        data: shown.map((d) => d.requestsPending - d.requestsOverdue),
        itemStyle: { color: GREEN },
      },
      {
        name: '已逾期未答复',
        type: 'bar',
        barMaxWidth: 28,
        stack: 'pending',
        data: shown.map((d) => d.requestsOverdue),
        itemStyle: { color: RED },
      },
    ],
  };
}

/** 项目阶段: the city's projects by stage. */
export function stagesOption(board: Board): ChartOption {
  const entries = Object.entries(board.city.projectsByStage).filter(([, n]) => n > 0);
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 个（{d}%）' },
    legend: { bottom: 0 },
    series: [
      {
        name: '项目阶段',
        type: 'pie',
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c} 个' },
        data: entries.map(([stage, n]) => ({ name: PROJECT_STAGES[stage] ?? stage, value: n })),
      },
    ],
  };
}

/** 今年实际交换: calls answered and rows carried on each department's entries, this calendar year. */
export function exchangeOption(board: Board): ChartOption {
  const ds = byName(board.departments);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, bottom: 8, top: 40, containLabel: true },
    yAxis: { type: 'category', data: ds.map((d) => shortName(d.departmentName)) },
    xAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '接口调用次数', type: 'bar', barMaxWidth: 28, data: ds.map((d) => d.exchangeCalls), itemStyle: { color: BLUE } },
      { name: '被使用的目录数', type: 'bar', barMaxWidth: 28, data: ds.map((d) => d.entriesUsed), itemStyle: { color: ORANGE } },
    ],
  };
}

/** 使用最多的目录: the 20 entries most used this year, by calls. */
export function topEntriesOption(board: Board): ChartOption {
  const rows = [...board.sharingByEntry].reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, bottom: 8, top: 16, containLabel: true },
    yAxis: { type: 'category', data: rows.map((r) => r.resourceName), axisLabel: { width: 180, overflow: 'truncate' } },
    xAxis: { type: 'value', minInterval: 1, name: '次' },
    series: [{ name: '调用次数', type: 'bar', barMaxWidth: 28, data: rows.map((r) => r.calls), itemStyle: { color: BLUE } }],
  };
}
