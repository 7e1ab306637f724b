package dev.hookline.ingest.subscriptions;

import dev.hookline.ingest.HooklineProperties;
import dev.hookline.ingest.http.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
				{"url":"https://example.com"}""").properties()).containsEntry("field", "eventTypes");
	}

	@Test
	void unknownFieldsAreRefusedByName() {
		ApiException refusal = refusal(this.production, """
				{"url":"https://example.com","eventTypes":["*"],"secret":"whsec_mine"}""");
		assertThat(refusal.properties()).containsEntry("field", "secret");
		assertThat(refusal.status().value()).isEqualTo(400);
	}

	private static ApiException refusal(SubscriptionParser parser, String body) {
		return assertThatExceptionOfType(ApiException.class).isThrownBy(() -> parser.parse(json(body))).actual();
	}

	private static tools.jackson.databind.JsonNode json(String text) {
		return JsonMapper.shared().readTree(text);
	}

}
