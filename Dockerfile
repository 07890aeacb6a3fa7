# syntax=docker/dockerfile:1
# Duban (督办): one image for every process. The default command runs the standalone process
# (API and every worker); override the command to run one app alone, e.g.
#   docker run duban node dist/apps/deadline-worker/src/main.js
# Build: docker build -t duban .

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: install everything, compile, then drop the dev dependencies -----------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY config ./config
RUN npm run build && npm prune --omit=dev

# ---- runtime: compiled code, production dependencies, non-root --------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production PORT=3000 DUBAN_MAIL_DIR=/app/var/mail DUBAN_CHROMIUM_PATH=/usr/bin/chromium
# Chromium prints reply letters to PDF; the CJK fonts make Chinese render in it.
RUN apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/config ./config
# The UI's templates and stylesheet, read at run time (relative to the working directory, as config/ is).
COPY --from=build --chown=root:root /app/apps/api/views ./apps/api/views
COPY --from=build --chown=root:root /app/apps/api/public ./apps/api/public
# The only writable place: .eml files when SMTP_URL is unset.
RUN mkdir -p /app/var/mail && chown -R node:node /app/var
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/standalone/src/main.js"]
