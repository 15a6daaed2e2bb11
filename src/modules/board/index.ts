import { Area } from '../area';
import { boardRouter } from './board.router';
import { BoardDeps, BoardService } from './board.service';

// The board area (大数据管理局看板): the bureau's city-wide and per-department figures, the projects
// the acceptance gate holds back, overdue registrations, calendar warnings. Reads only; depends on
// projects, the calendar and the read cache.
export function boardArea(deps: BoardDeps): Area<BoardService> {
  const service = new BoardService(deps);
  return { service, router: (bind) => boardRouter(service, bind) };
}
