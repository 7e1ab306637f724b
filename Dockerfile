# One image per service, from the jar `./mvnw package -DskipTests` built:
#   docker build --build-arg MODULE=delivery-worker -t hookline/delivery-worker .
FROM eclipse-temurin:17-jre
ARG MODULE
COPY ${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar /opt/hookline/app.jar
RUN useradd --system --uid 10001 hookline && mkdir -p /var/lib/hookline && chown hookline /var/lib/hookline
USER hookline
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/hookline/app.jar"]
