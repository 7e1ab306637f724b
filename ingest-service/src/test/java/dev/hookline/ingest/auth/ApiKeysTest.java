package dev.hookline.ingest.auth;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApiKeysTest {

	@Test
	void theConfiguredHashIsTheHexSha256OfTheKey() {
		assertThat(ApiKeys.sha256Hex("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

	@Test
	void aKeyIsRecognisedByItsHashInEitherCase() {
		ApiKeys keys = new ApiKeys(List.of(new AuthProperties.Key("acme", Role.PRODUCER, ApiKeys.sha256Hex("p")),
				new AuthProperties.Key("acme", Role.ADMIN, ApiKeys.sha256Hex("a").toUpperCase())));
		assertThat(keys.authenticate("p")).contains(new Caller("acme", Role.PRODUCER));
		assertThat(keys.authenticate("a")).contains(new Caller("acme", Role.ADMIN));
		assertThat(keys.authenticate("P")).isEmpty();
		assertThat(keys.authenticate("")).isEmpty();
	}

	@Test
	void theSameKeyCannotBeConfiguredTwice() {
		AuthProperties.Key key = new AuthProperties.Key("acme", Role.PRODUCER, ApiKeys.sha256Hex("p"));
		assertThatIllegalArgumentException().isThrownBy(() -> new ApiKeys(List.of(key, key)))
			.withMessageContaining("twice");
	}

	@Test
	void aMalformedHashOrTenantFailsTheStartUp() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AuthProperties.Key("acme", Role.ADMIN, "p"))
			.withMessageContaining("sha256");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AuthProperties.Key("a/b", Role.ADMIN, ApiKeys.sha256Hex("p")))
			.withMessageContaining("tenant");
	}

}
