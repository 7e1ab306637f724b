# One image per service, built from source: docker compose up --build builds all three.
#   docker build --build-arg MODULE=delivery-worker -t hookline/delivery-worker .
#
# The build stage does not depend on MODULE, so the three images share it (built once).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests package -pl ingest-service,router-streams,delivery-worker -am

FROM eclipse-temurin:17-jre
ARG MODULE
# curl for the healthchecks on the actuator
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 hookline \
    # owned by hookline before any volume is mounted there: a new named volume takes the
    # owner of the folder it is mounted on, so the services can write the keyset and state
    && mkdir -p /var/lib/hookline/keys /var/lib/hookline/router \
    && chown -R hookline /var/lib/hookline
COPY --from=build /src/${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar /opt/hookline/app.jar
USER hookline
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/hookline/app.jar"]
