package dev.hookline.worker;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the signing-secret keyset is, under {@code hookline.crypto}.
 *
 * @param keysetFile the Tink JSON keyset shared with the service that writes
 * subscriptions (required, no default)
 * @param createIfMissing generate the keyset when the file does not exist (for local use)
 */
@ConfigurationProperties("hookline.crypto")
public record CryptoSettings(Path keysetFile, @DefaultValue("false") boolean createIfMissing) {

	// binding passes null when the setting is missing
	public CryptoSettings {
		if (keysetFile == null) {
			throw new IllegalArgumentException("hookline.crypto.keyset-file is required");
		}
	}

}
