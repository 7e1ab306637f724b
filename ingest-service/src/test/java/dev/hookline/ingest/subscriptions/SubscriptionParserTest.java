package dev.hookline.ingest.subscriptions;

import dev.hookline.ingest.HooklineProperties;
import dev.hookline.ingest.http.ApiException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.hookline.schemas.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SubscriptionParserTest {

	private final SubscriptionParser production = new SubscriptionParser(new HooklineProperties(false));

	private final SubscriptionParser local = new SubscriptionParser(new HooklineProperties(true));

	@Test
	void aValidRequestKeepsItsUrlPatternsAndDescription() {
		NewSubscription parsed = this.production.parse(json("""
				{"url":"https://example.com/hooks?x=1","eventTypes":["post.*","post.created","*","post.*"],
				 "description":"blog"}"""));
		assertThat(parsed).isEqualTo(new NewSubscription("https://example.com/hooks?x=1",
				java.util.List.of("post.*", "post.created", "*"), "blog"));
	}

	@Test
	void httpIsRefusedOutsideLocalMode() {
		String body = """
				{"url":"http://localhost:8090/hooks","eventTypes":["*"]}""";
		assertThat(refusal(this.production, body).properties()).containsEntry("field", "url");
		assertThat(refusal(this.production, body).detail()).contains("https");
		assertThat(this.local.parse(json(body)).url()).isEqualTo("http://localhost:8090/hooks");
	}

	@Test
	void relativeOddOrCredentialedUrlsAreRefused() {
		for (String url : new String[] { "/hooks", "ftp://example.com/x", "https:///nohost", "https://u:p@example.com/",
				"not a url" }) {
			assertThat(refusal(this.local, "{\"url\":\"" + url + "\",\"eventTypes\":[\"*\"]}").properties()).as(url)
				.containsEntry("field", "url");
		}
	}

	@Test
	void eventTypesMustBeANonEmptyListOfPatterns() {
		assertThat(refusal(this.production, """
				{"url":"https://example.com","eventTypes":[]}""").properties()).containsEntry("field", "eventTypes");
		assertThat(refusal(this.production, """
				{"url":"https://example.com","eventTypes":["Post.Created"]}""").detail()).contains("Post.Created");
		assertThat(refusal(this.production, """
				{"url":"https://example.com","eventTypes":["Post.Created"]}""").properties()).containsEntry("field",
				"eventTypes[0]");
		assertThat(refusal(this.production, """
				{"url":"https://example.com"}""").properties()).containsEntry("field", "eventTypes");
	}

	@Test
	void unknownFieldsAreRefusedByName() {
		ApiException refusal = refusal(this.production, """
				{"url":"https://example.com","eventTypes":["*"],"secret":"whsec_mine"}""");
		assertThat(refusal.properties()).containsEntry("field", "secret");
		assertThat(refusal.status().value()).isEqualTo(400);
	}

	@ParameterizedTest(name = "{0} -> {1} naming {2}")
	@MethodSource("invalidCreations")
	void everyRefusedCreationNamesItsFieldAndSaysWhetherItIsMalformedOrInvalid(String body, int status, String field) {
		ApiException refusal = refusal(this.production, body);
		assertThat(refusal.status().value()).isEqualTo(status);
		assertThat(refusal.type()).isEqualTo("https://hookline.dev/problems/invalid-subscription");
		assertThat(refusal.properties()).containsEntry("field", field);
		assertThat(refusal.detail()).startsWith("'" + field + "' ");
	}

	static Stream<Arguments> invalidCreations() {
		String base = "\"url\":\"https://example.com/h\",\"eventTypes\":[\"*\"]";
		return Stream.of(arguments("{\"url\":\"https://example.com/h\"}", 400, "eventTypes"),
				arguments("{\"eventTypes\":[\"*\"]}", 400, "url"),
				arguments("{" + base + ",\"secret\":\"whsec_x\"}", 400, "secret"),
				arguments("{" + base + ",\"active\":false}", 400, "active"),
				arguments("{\"url\":5,\"eventTypes\":[\"*\"]}", 400, "url"),
				arguments("{\"url\":\"ftp://example.com/x\",\"eventTypes\":[\"*\"]}", 422, "url"),
				arguments("{\"url\":\"http://example.com/x\",\"eventTypes\":[\"*\"]}", 422, "url"),
				arguments("{\"url\":\"https://u:p@example.com/\",\"eventTypes\":[\"*\"]}", 422, "url"),
				arguments("{\"url\":\"https://example.com/" + "x".repeat(2048) + "\",\"eventTypes\":[\"*\"]}", 422,
						"url"),
				arguments("{\"url\":\"https://example.com/h\",\"eventTypes\":\"*\"}", 400, "eventTypes"),
				arguments("{\"url\":\"https://example.com/h\",\"eventTypes\":[]}", 422, "eventTypes"),
				arguments("{\"url\":\"https://example.com/h\",\"eventTypes\":[5]}", 400, "eventTypes[0]"),
				arguments("{\"url\":\"https://example.com/h\",\"eventTypes\":[\"a.b\",\"Bad\"]}", 422, "eventTypes[1]"),
				arguments("{" + base + ",\"description\":5}", 400, "description"),
				arguments("{" + base + ",\"description\":\"" + "d".repeat(1025) + "\"}", 422, "description"),
				arguments("{" + base + ",\"filter\":{}}", 400, "filter"),
				arguments("{" + base + ",\"filter\":[{\"path\":\"/a\",\"gte\":\"x\"}]}", 422, "filter[0].gte"),
				arguments("{" + base + ",\"filter\":[{\"path\":\"/a\",\"like\":1}]}", 422, "filter[0].like"),
				arguments("{" + base + ",\"fields\":\"/a\"}", 400, "fields"),
				arguments("{" + base + ",\"fields\":[1]}", 400, "fields[0]"),
				arguments("{" + base + ",\"fields\":[]}", 422, "fields"),
				arguments("{" + base + ",\"fields\":[\"/a\",\"no-slash\"]}", 422, "fields[1]"),
				arguments("{" + base + ",\"headers\":[]}", 400, "headers"),
				arguments("{" + base + ",\"headers\":{\"X-A\":1}}", 400, "headers.X-A"),
				arguments("{" + base + ",\"headers\":{\"X-A\":null}}", 400, "headers.X-A"),
				arguments("{" + base + ",\"headers\":{\"Bad Name\":\"v\"}}", 422, "headers.Bad Name"),
				arguments("{" + base + ",\"headers\":{\"Content-Type\":\"text/plain\"}}", 422, "headers.Content-Type"),
				arguments("{" + base + ",\"headers\":{\"HOST\":\"evil\"}}", 422, "headers.HOST"),
				arguments("{" + base + ",\"headers\":{\"Connection\":\"close\"}}", 422, "headers.Connection"),
				arguments("{" + base + ",\"headers\":{\"Proxy-Authorization\":\"x\"}}", 422,
						"headers.Proxy-Authorization"),
				arguments("{" + base + ",\"headers\":{\"User-Agent\":\"x\"}}", 422, "headers.User-Agent"),
				arguments("{" + base + ",\"headers\":{\"Webhook-Signature\":\"v1,x\"}}", 422,
						"headers.Webhook-Signature"),
				arguments("{" + base + ",\"headers\":{\"svix-id\":\"x\"}}", 422, "headers.svix-id"),
				arguments("{" + base + ",\"headers\":{\"X-A\":\"a\\r\\nInjected: 1\"}}", 422, "headers.X-A"),
				arguments("{" + base + ",\"headers\":{\"X-A\":\"a\\u0000\"}}", 422, "headers.X-A"),
				arguments("{" + base + ",\"headers\":{\"X-A\":\"" + "v".repeat(1025) + "\"}}", 422, "headers.X-A"),
				arguments("{" + base + ",\"headers\":{\"X-A\":\"1\",\"x-a\":\"2\"}}", 422, "headers.x-a"),
				arguments("{" + base + ",\"headers\":" + manyHeaders(21) + "}", 422, "headers"),
				arguments("{" + base + ",\"rateLimit\":\"5\"}", 400, "rateLimit"),
				arguments("{" + base + ",\"rateLimit\":1.5}", 400, "rateLimit"),
				arguments("{" + base + ",\"rateLimit\":0}", 422, "rateLimit"),
				arguments("{" + base + ",\"rateLimit\":10001}", 422, "rateLimit"));
	}

	@ParameterizedTest(name = "{0} -> {1} naming {2}")
	@MethodSource("invalidPatches")
	void everyRefusedPatchNamesItsField(String body, int status, String field) {
		ApiException refusal = assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.production.parsePatch(json(body)))
			.actual();
		assertThat(refusal.status().value()).isEqualTo(status);
		assertThat(refusal.properties()).containsEntry("field", field);
	}

	static Stream<Arguments> invalidPatches() {
		return Stream.of(arguments("{\"url\":null}", 400, "url"), arguments("{\"eventTypes\":null}", 400, "eventTypes"),
				arguments("{\"active\":null}", 400, "active"), arguments("{\"active\":\"yes\"}", 400, "active"),
				arguments("{\"secret\":\"whsec_x\"}", 400, "secret"),
				arguments("{\"url\":\"http://example.com\"}", 422, "url"),
				arguments("{\"headers\":{\"Webhook-Id\":\"x\"}}", 422, "headers.Webhook-Id"),
				arguments("{\"rateLimit\":-1}", 422, "rateLimit"));
	}

	@Test
	void everyFieldOfACreationIsKept() {
		NewSubscription parsed = this.production.parse(json("""
				{"url":"https://example.com/h","eventTypes":["order.*"],"description":"d",
				 "filter":[{"path":"/amount","gte":100}],"fields":["/id","/customer/name"],
				 "headers":{"X-Team":"billing","Authorization":"Bearer abc"},"rateLimit":50}"""));
		assertThat(parsed.filter()).isEqualTo("[{\"path\":\"/amount\",\"gte\":100}]");
		assertThat(parsed.fields()).containsExactly("/id", "/customer/name");
		assertThat(parsed.headers()).containsExactly(entry("X-Team", "billing"), entry("Authorization", "Bearer abc"));
		assertThat(parsed.rateLimit()).isEqualTo(50);
	}

	@Test
	void aPatchOfHeadersMergesMemberByMemberAndMayNotExceedTheCap() {
		SubscriptionPatch patch = this.production.parsePatch(json("""
				{"headers":{"x-team":"payments","X-Old":null,"X-New":"1"}}"""));
		Subscription.Builder builder = Subscription.newBuilder()
			.setHeaders(java.util.Map.of("X-Team", "billing", "X-Old", "o", "X-Kept", "k"));
		patch.applyTo(builder);
		assertThat(builder.getHeaders()).containsOnly(entry("x-team", "payments"), entry("X-Kept", "k"),
				entry("X-New", "1"));

		SubscriptionPatch tooMany = this.production.parsePatch(json("{\"headers\":" + manyHeaders(20) + "}"));
		ApiException refusal = assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> tooMany.applyTo(Subscription.newBuilder().setHeaders(java.util.Map.of("X-Z", "z"))))
			.actual();
		assertThat(refusal.status().value()).isEqualTo(422);
		assertThat(refusal.properties()).containsEntry("field", "headers");
	}

	@Test
	void aFilterOrFieldAllowlistTooLargeForEveryWorkersMemoryIsRefused() {
		String big = "x".repeat(FieldRules.MAX_FILTER_BYTES);
		ApiException filter = refusal(this.production, "{\"url\":\"https://example.com\",\"eventTypes\":[\"*\"],"
				+ "\"filter\":[{\"path\":\"/note\",\"equals\":\"" + big + "\"}]}");
		assertThat(filter.properties()).containsEntry("field", "filter");
		assertThat(filter.detail()).contains("at most " + FieldRules.MAX_FILTER_BYTES);

		StringBuilder pointers = new StringBuilder();
		for (int i = 0; i < 100; i++) {
			pointers.append((i == 0) ? "" : ",").append("\"/").append("f".repeat(90)).append(i).append('"');
		}
		ApiException fields = refusal(this.production,
				"{\"url\":\"https://example.com\",\"eventTypes\":[\"*\"],\"fields\":[" + pointers + "]}");
		assertThat(fields.properties()).containsEntry("field", "fields");
		assertThat(fields.detail()).contains("at most " + FieldRules.MAX_FIELDS_BYTES);

		assertThat(this.production
			.parse(json("{\"url\":\"https://example.com\",\"eventTypes\":[\"*\"],"
					+ "\"filter\":[{\"path\":\"/note\",\"equals\":\"" + "x".repeat(1000) + "\"}]}"))
			.filter()).isNotNull();
	}

	private static String manyHeaders(int count) {
		return IntStream.range(0, count)
			.mapToObj((i) -> "\"X-H" + i + "\":\"v\"")
			.collect(Collectors.joining(",", "{", "}"));
	}

	private static ApiException refusal(SubscriptionParser parser, String body) {
		return assertThatExceptionOfType(ApiException.class).isThrownBy(() -> parser.parse(json(body))).actual();
	}

	private static tools.jackson.databind.JsonNode json(String text) {
		return JsonMapper.shared().readTree(text);
	}

}
