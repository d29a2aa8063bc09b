package io.syncmesh.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/** An RSA key pair that signs development and test JWTs, kept as PEM files so every service of a mesh shares it. */
public final class DevKeys {

    public static final String PRIVATE_KEY_FILE = "jwt-private.pem";
    public static final String PUBLIC_KEY_FILE = "jwt-public.pem";
    private static final String LOCK_FILE = ".jwt-keys.lock";

    private final RSAPrivateCrtKey privateKey;
    private final RSAPublicKey publicKey;
    private final String kid;

    private DevKeys(RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.kid = kidOf(publicKey);
    }

    /** A new RSA 2048 key pair, in memory only. */
    public static DevKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new DevKeys((RSAPrivateCrtKey) pair.getPrivate(), (RSAPublicKey) pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate RSA keys", e);
        }
    }

    /**
     * The key pair in {@code dir} ({@value #PRIVATE_KEY_FILE}, {@value #PUBLIC_KEY_FILE}); a new one, written there, if
     * the dir has none. A lock file makes concurrent callers (several processes of one mesh) agree on one pair.
     */
    public static DevKeys loadOrCreate(Path dir) {
        Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
        Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
        try {
            Files.createDirectories(dir);
            // The class monitor too: two threads of one JVM on one FileChannel lock get an exception, not a wait.
            synchronized (DevKeys.class) {
                try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                        FileLock lock = channel.lock()) {
                    return loadOrCreateLocked(privateFile, publicFile);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the dev JWT keys in " + dir, e);
        }
    }

    private static DevKeys loadOrCreateLocked(Path privateFile, Path publicFile) throws IOException {
        if (Files.isRegularFile(privateFile)) {
            RSAPrivateCrtKey privateKey = Pem.readRsaPrivateKey(privateFile);
            if (!Files.isRegularFile(publicFile)) {
                DevKeys keys = new DevKeys(privateKey, publicKeyOf(privateKey));
                writeAtomically(publicFile, keys.publicKeyPem(), false);
                return keys;
            }
            RSAPublicKey publicKey = Pem.readRsaPublicKey(publicFile);
            if (!publicKey.getModulus().equals(privateKey.getModulus())) {
                throw new IllegalStateException(publicFile + " is not the public key of " + privateFile
                        + ": delete " + publicFile + " to derive it again from the private key");
            }
            return new DevKeys(privateKey, publicKey);
        }
        if (Files.isRegularFile(publicFile)) {
            // Overwriting it would silently invalidate every token verifier configured with it.
            throw new IllegalStateException(publicFile + " exists without " + privateFile.getFileName()
                    + ": restore the private key, or delete " + publicFile + " to start over with a new key pair");
        }
        DevKeys keys = generate();
        // Private key first: a reader that finds only it derives the public key (above), never the other way round.
        writeAtomically(privateFile, Pem.encode("PRIVATE KEY", keys.privateKey.getEncoded()), true);
        writeAtomically(publicFile, keys.publicKeyPem(), false);
        return keys;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as an X.509 {@code PUBLIC KEY} PEM, the form {@code mp.jwt.verify.publickey} accepts. */
    public String publicKeyPem() {
        return Pem.encode("PUBLIC KEY", publicKey.getEncoded());
    }

    /** A stable key id: base64url of the first 8 bytes of the SHA-256 of the encoded public key. */
    public String kid() {
        return kid;
    }

    private static String kidOf(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the public key", e);
        }
    }

    /** Readers never see a half-written key; the private key is never readable by others, not even briefly. */
    private static void writeAtomically(Path file, String pem, boolean ownerOnly) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (ownerOnly) {
            try {
                Files.createFile(tmp,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp);
            }
        }
        Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
