# syntax=docker/dockerfile:1
# The MCP Broker image; also runs the reference backends (`mcp-broker backend NAME`).
#   docker build -t mcp-broker:local .
#   docker run --rm -p 127.0.0.1:8080:8080 -p 127.0.0.1:9090:9090 \
#     -v "$PWD/deploy/config:/app/config:ro" -v "$PWD/deploy/secrets/session-jwks.json:/app/secrets/session-jwks.json:ro" \
#     -v "$PWD/deploy/secrets/admin-token:/app/secrets/admin-token:ro" \
#     -v mcp-broker-data:/app/data mcp-broker:local
# deploy/docker-compose.yml runs it with the backends, Prometheus and Grafana.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
# -DskipTests also skips the npm test tools (exec plugin's skip follows skipTests)
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -DskipTests package

FROM eclipse-temurin:17-jre
# a fixed numeric uid, so that Kubernetes' runAsNonRoot can check it
RUN groupadd --system --gid 10001 mcp \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin mcp \
 && mkdir -p /app/config /app/data /app/secrets \
 && chown 10001:10001 /app/data
WORKDIR /app
COPY --from=build /src/target/mcp-broker.jar /app/mcp-broker.jar
# a default configuration (deploy/config); mount your own over it
COPY deploy/config/ /app/config/
USER 10001:10001
# configuration (broker.yaml, tools.yaml, policies.yaml; hot-reloaded) and the audit log + key,
# which must outlive the container
VOLUME ["/app/config", "/app/data"]
# MCP (8080) and admin (9090: /healthz, /readyz, /metrics, /admin); the backends use 8081-8083
EXPOSE 8080 9090
# the JRE image has no curl: the broker's own CLI GETs the admin /healthz (exit 0 on 200)
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["java", "-Xmx64m", "-XX:TieredStopAtLevel=1", "-jar", "/app/mcp-broker.jar", "health", "--url", "http://127.0.0.1:9090/healthz"]
ENTRYPOINT ["java", "-jar", "/app/mcp-broker.jar"]
CMD ["run", "--config", "/app/config"]
