# The service as a container: built in one stage, run in a slim one as a non-root user, with the
# data folder (SQLite database, exchange files, keys) as a volume. docs/operations.md.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds from source where no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production DATA_DIR=/var/lib/catalog PORT=3000
WORKDIR /app
RUN useradd --system --uid 10001 --home-dir /var/lib/catalog catalog \
  && mkdir -p /var/lib/catalog && chown catalog:catalog /var/lib/catalog
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/openapi ./openapi
USER catalog
VOLUME ["/var/lib/catalog"]
EXPOSE 3000
# One process: SIGTERM from `docker stop` reaches the server, which finishes its requests and exits.
CMD ["node", "dist/src/main.js"]
