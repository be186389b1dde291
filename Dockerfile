# syntax=docker/dockerfile:1
# The ledger as a container image:  docker build -t affiliate-ledger .   (docker-compose.yml does this for you)
#  - the Maven repository is a BuildKit cache mount: dependencies are downloaded once, not on every build;
#  - the jar carries only the embedded-PostgreSQL binaries of the image's own platform (profile image-linux-<arch>);
#  - the runtime image holds the jar's layers (dependencies, loader, snapshot dependencies, application) as separate
#    image layers, so a code change rebuilds and ships only the small application layer.

FROM eclipse-temurin:21-jdk AS build
ARG TARGETARCH=amd64
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY shared-events/ shared-events/
COPY command-side/ command-side/
COPY query-side/ query-side/
COPY infra/ infra/
COPY bench/pom.xml bench/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests -Pimage-linux-${TARGETARCH} -pl infra -am package \
    && java -Djarmode=tools -jar infra/target/affiliate-ledger.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:21-jre
# curl for the health check; a fixed unprivileged account (the embedded PostgreSQL refuses to run as root anyway)
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data ledger && mkdir -p /data && chown ledger /data
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER ledger
ENV LEDGER_DATA_DIR=/data LEDGER_PORT=8080
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${LEDGER_PORT}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
