package org.affiliateledger.infra.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import org.affiliateledger.events.affiliate.AffiliateStatus;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.web.ProblemCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

import static org.affiliateledger.infra.openapi.OpenApiDocument.elements;
import static org.assertj.core.api.Assertions.assertThat;

/** The document itself: public, OpenAPI 3.1, and complete in the ways a reader and a client generator rely on. */
class OpenApiDocumentTest extends LedgerIntegrationTest {
    private static final String PROBLEM_REF = "#/components/schemas/ProblemDetail";
    private final HttpClient http = HttpClient.newHttpClient();
    private OpenApiDocument document;

    @BeforeEach
    void fetchTheDocument() throws Exception {
        document = new OpenApiDocument(fetch("/api/v1/openapi").body());
    }

    @Test
    void isOpenApi31JsonThatAnyoneCanRead() throws Exception {
        HttpResponse<String> served = fetch("/api/v1/openapi");

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/json"));
        assertThat(document.root().path("openapi").asText()).startsWith("3.1.");
        assertThat(document.root().path("info").path("title").asText()).isEqualTo("Affiliate Ledger API");
    }

    @Test
    void swaggerUiIsAPublicPageThatLoadsThisDocument() throws Exception {
        HttpResponse<String> docs = fetch("/api/v1/docs");
        assertThat(docs.statusCode()).isEqualTo(302);
        String page = docs.headers().firstValue("Location").orElseThrow();

        assertThat(fetch(page).statusCode()).isEqualTo(200);
        assertThat(fetch(page).body()).contains("Swagger UI");
        assertThat(fetch("/api/v1/openapi/swagger-config").body()).contains("\"url\":\"/api/v1/openapi\"");
        assertThat(fetch("/api/v1/swagger-ui/swagger-initializer.js").body()).contains("/api/v1/openapi/swagger-config");
        assertThat(fetch("/api/v1/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
    }

    @Test
    void everythingElseUnderApiV1StillNeedsAKey() throws Exception {
        for (String path : List.of("/api/v1/openapix", "/api/v1/openapi/other", "/api/v1/docs/x",
                "/api/v1/swagger-ui/../affiliates", "/api/v1/swagger-ui/%2e%2e/affiliates", "/api/v1/affiliates")) {
            assertThat(fetch(path).statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void everyOperationHasAStableIdASummaryAndADescribedTag() {
        Set<String> describedTags = new HashSet<>();
        elements(document.root().path("tags")).stream().filter(tag -> !tag.path("description").asText().isBlank())
                .forEach(tag -> describedTags.add(tag.path("name").asText()));
        Set<String> ids = new HashSet<>();
        forEachOperation(op -> {
            JsonNode node = op.located().node();
            String id = node.path("operationId").asText();
            assertThat(id).as(op.key()).matches("[a-z][a-zA-Z]+");
            assertThat(ids.add(id)).as("operationId %s is unique", id).isTrue();
            assertThat(node.path("summary").asText()).as(op.key()).isNotBlank();
            assertThat(elements(node.path("tags"))).as(op.key()).singleElement()
                    .satisfies(tag -> assertThat(describedTags).contains(tag.asText()));
        });
    }

    @Test
    void everyApiOperationNeedsAKeyWithTheScopeTheFilterDemands() {
        forEachOperation(op -> {
            JsonNode security = op.located().node().path("security");
            if (op.pathTemplate().startsWith("/admin/")) {
                assertThat(security.toString()).as(op.key()).isEqualTo("[{\"adminToken\":[]}]");
                assertThat(op.located().node().path("responses").has("401")).as(op.key()).isTrue();
                return;
            }
            if (!op.pathTemplate().startsWith("/api/v1/")) {
                // public: the checkout snippet, and Stripe's webhook (authenticated by its signature instead)
                assertThat(security.isMissingNode() || security.isEmpty()).as(op.key()).isTrue();
                return;
            }
            String scope = op.pathTemplate().startsWith("/api/v1/api-keys") ? "admin"
                    : op.method().equals("GET") ? "read"
                    : op.pathTemplate().equals("/api/v1/program") || op.pathTemplate().startsWith("/api/v1/webhook-endpoints")
                    ? "admin" : "write";
            assertThat(security.toString()).as(op.key()).isEqualTo("[{\"apiKey\":[\"" + scope + "\"]}]");
            assertThat(op.located().node().path("description").asText()).as(op.key()).contains("`" + scope + "` scope");
            assertThat(fieldNames(op.located().node().path("responses"))).as(op.key()).contains("401", "403", "429");
        });
        JsonNode schemes = document.root().path("components").path("securitySchemes");
        assertThat(schemes.path("apiKey").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("apiKey").path("description").asText()).contains("`read`", "`write`", "`admin`");
        assertThat(schemes.path("adminToken").path("scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void everyErrorIsAProblemDetail() {
        JsonNode problem = document.root().path("components").path("schemas").path("ProblemDetail");
        assertThat(fieldNames(problem.path("properties"))).containsExactlyInAnyOrder("type", "title", "status", "detail", "instance", "code");
        List<String> codes = new ArrayList<>();
        problem.path("properties").path("code").path("enum").forEach(code -> codes.add(code.asText()));
        assertThat(codes).as("the stable codes every problem may carry").containsExactlyElementsOf(ProblemCatalog.codes());
        assertThat(problem.path("required").toString()).contains("\"code\"");
        forEachOperation(op -> op.located().node().path("responses").properties().forEach(response -> {
            if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                JsonNode content = response.getValue().path("content");
                assertThat(fieldNames(content)).as("%s %s", op.key(), response.getKey()).containsExactly("application/problem+json");
                assertThat(content.path("application/problem+json").path("schema").path("$ref").asText()).isEqualTo(PROBLEM_REF);
            }
        }));
    }

    @Test
    void everyResponseToAKeyDescribesTheRateLimitHeaders() {
        forEachOperation(op -> {
            if (!op.pathTemplate().startsWith("/api/v1/")) {
                return;
            }
            op.located().node().path("responses").properties().forEach(response -> {
                List<String> headers = fieldNames(response.getValue().path("headers"));
                if (response.getKey().equals("401")) {
                    assertThat(headers).as("%s 401: no key, no budget", op.key()).doesNotContain("X-RateLimit-Limit");
                } else {
                    assertThat(headers).as("%s %s", op.key(), response.getKey())
                            .contains("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");
                }
            });
            assertThat(fieldNames(op.located().node().path("responses").path("429").path("headers"))).contains("Retry-After");
        });
        assertThat(document.root().path("components").path("headers").path("Retry-After").path("required").asBoolean()).isTrue();
    }

    @Test
    void createdResourcesSayWhereTheyLive() {
        for (String path : List.of("/api/v1/affiliates", "/api/v1/conversions")) {
            JsonNode location = document.at("paths", path, "post", "responses", "201", "headers", "Location").node();
            assertThat(location.path("required").asBoolean()).as(path).isTrue();
        }
    }

    @Test
    void theInternalCallerIsNotPartOfTheDocument() {
        forEachOperation(op -> elements(op.located().node().path("parameters"))
                .forEach(parameter -> assertThat(parameter.path("in").asText() + " " + parameter.path("name").asText())
                        .as(op.key()).matches("(path|query) .*|header Stripe-Signature|header X-Ledger-Position")));
        assertThat(document.root().toString()).doesNotContainIgnoringCase("ApiCaller").doesNotContain("\"caller\"");
    }

    @Test
    void statusValuesAreTheDomainStatuses() {
        List<String> affiliate = wireNames(AffiliateStatus.values());
        List<String> commission = wireNames(CommissionStatus.values());

        assertThat(enumOf("Affiliate", "status")).isEqualTo(affiliate);
        assertThat(enumOf("AffiliateTransition", "status")).isEqualTo(affiliate);
        assertThat(enumOf("Commission", "status")).isEqualTo(commission);
        assertThat(enumOf("CommissionTransition", "status")).isEqualTo(commission);
        // null: an event whose type earns no reward has no commission, hence no status
        assertThat(enumOf("Conversion", "status")).isEqualTo(java.util.stream.Stream.concat(commission.stream(),
                java.util.stream.Stream.of("null")).toList());
        assertThat(statusFilter("/api/v1/affiliates")).isEqualTo(affiliate);
        assertThat(statusFilter("/api/v1/conversions")).isEqualTo(commission);
        assertThat(statusFilter("/api/v1/commissions")).isEqualTo(commission);
    }

    @Test
    void requestsAreSnakeCaseAndResourcesCamelCase() {
        forEachOperation(op -> {
            elements(op.located().node().path("parameters")).stream()
                    .filter(parameter -> !parameter.path("in").asText().equals("header")) // HTTP headers keep their own spelling
                    .forEach(parameter -> assertThat(parameter.path("name").asText()).as(op.key()).matches("[a-z][a-z0-9_]*"));
            JsonNode request = op.located().at("requestBody", "content", "application/json", "schema").node();
            if (!request.isMissingNode()) {
                assertThat(propertiesOf(request)).as(op.key()).allSatisfy(name -> assertThat(name).matches("[a-z][a-z0-9_]*"));
            }
        });
        for (String resource : List.of("Affiliate", "Conversion", "Commission", "ProgramSettings")) {
            assertThat(propertiesOf(schemaRef(resource))).as(resource).allSatisfy(name -> assertThat(name).matches("[a-z][a-zA-Z0-9]*"));
        }
    }

    @Test
    void listsDescribeTheEnvelopeWhosePageIsAbsentInCursorMode() {
        for (String list : List.of("ListPageAffiliate", "ListPageConversion", "ListPageCommission")) {
            JsonNode schema = document.root().path("components").path("schemas").path(list);
            assertThat(propertiesOf(schemaRef(list))).as(list).containsExactlyInAnyOrder("data", "page", "limit", "next_cursor");
            assertThat(elements(schema.path("required")).stream().map(JsonNode::asText))
                    .as(list).containsExactlyInAnyOrder("data", "limit", "next_cursor");
            assertThat(schema.path("properties").path("next_cursor").path("type").toString()).isEqualTo("[\"string\",\"null\"]");
        }
    }

    private void forEachOperation(Consumer<OpenApiDocument.Operation> check) {
        assertThat(document.operations()).isNotEmpty();
        document.operations().forEach(check);
    }

    private List<String> enumOf(String schema, String property) {
        return texts(document.root().path("components").path("schemas").path(schema).path("properties").path(property).path("enum"));
    }

    private List<String> statusFilter(String path) {
        return elements(document.at("paths", path, "get", "parameters").node()).stream()
                .filter(parameter -> parameter.path("name").asText().equals("status"))
                .map(parameter -> texts(parameter.path("schema").path("enum")))
                .findFirst().orElseThrow();
    }

    private JsonNode schemaRef(String name) {
        return document.root().path("components").path("schemas").path(name);
    }

    private List<String> propertiesOf(JsonNode schema) {
        JsonNode resolved = schema.has("$ref") ? document.root().at(schema.path("$ref").asText().substring(1)) : schema;
        return fieldNames(resolved.path("properties"));
    }

    private static List<String> texts(JsonNode array) {
        return elements(array).stream().map(JsonNode::asText).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> wireNames(Enum<?>[] values) {
        return Arrays.stream(values).map(value -> value.name().toLowerCase(Locale.ROOT)).toList();
    }

    private HttpResponse<String> fetch(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
