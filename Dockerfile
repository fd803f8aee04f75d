# One image recipe for every Tessera app: docker build --build-arg APP=gateway -t tessera-gateway .
# APP is one of: gateway, otp-service, channel-whatsapp, channel-sms, channel-email, sandbox.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# patch-package (postinstall) applies patches/ to node_modules, e.g. the kafkajs idle timer loop
COPY patches patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs libs
COPY apps apps
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ARG APP=gateway
# TESSERA_HEAP_MB: V8's old space. Without a bound V8 lets a busy app's heap grow to hundreds of MB of garbage
# before it collects; with 128 MB the apps' peak RSS under overload fell from up to 415 MB to 121-222 MB
# (BENCHMARKS.md). Raise it when you raise WORKING_SET_MAX_RECORDS. TESSERA_SEMI_SPACE_MB: V8's young generation is
# three semi-spaces, 48 MB at its default 16 MB and 12 MB at 4, for a little more CPU in scavenges.
ENV NODE_ENV=production \
    TESSERA_APP=${APP} \
    TESSERA_HEAP_MB=128 \
    TESSERA_SEMI_SPACE_MB=4 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
USER node
# exec form through sh so SIGTERM reaches node (graceful shutdown)
CMD ["sh", "-c", "exec node --max-old-space-size=${TESSERA_HEAP_MB} --max-semi-space-size=${TESSERA_SEMI_SPACE_MB} dist/apps/${TESSERA_APP}/src/main.js"]
