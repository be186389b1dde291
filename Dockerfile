# Build: docker build -t affiliate-ledger .   (docker-compose.yml does this for you)
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -DskipTests package

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 ledger && mkdir -p /data && chown ledger /data
USER ledger
WORKDIR /app
COPY --from=build /src/infra/target/affiliate-ledger.jar /app/affiliate-ledger.jar
ENV LEDGER_DATA_DIR=/data LEDGER_PORT=8080
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/affiliate-ledger.jar"]
