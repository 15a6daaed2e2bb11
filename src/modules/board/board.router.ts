import express from 'express';
import { Bind } from '../../http/binding';
import { BoardService } from './board.service';

export function boardRouter(service: BoardService, bind: Bind): express.Router {
  const router = express.Router();
  bind(router, 'getBoard', ({ actor }) => service.board(actor));
  return router;
}
