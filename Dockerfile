# Build stage: the shaded jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q -ntp dependency:go-offline
COPY src src
RUN mvn -B -q -ntp package -DskipTests

# Runtime stage: a Java 17 runtime, a non-root user, nothing else.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 runbookd \
 && useradd --system --uid 10001 --gid runbookd --home-dir /opt/runbookd runbookd
WORKDIR /opt/runbookd
COPY --from=build /src/target/runbookd.jar runbookd.jar
COPY config config
COPY rules rules
RUN mkdir data && chown runbookd:runbookd data
USER 10001:10001
EXPOSE 9095
# The embedded store lives in ./data: mount a volume there, or set RUNBOOKD_STORE_URL to PostgreSQL.
VOLUME ["/opt/runbookd/data"]
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/runbookd/runbookd.jar"]
CMD ["serve", "--config", "/opt/runbookd/config/runbookd.yaml"]
