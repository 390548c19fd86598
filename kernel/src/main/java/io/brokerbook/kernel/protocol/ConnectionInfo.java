package io.brokerbook.kernel.protocol;

import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The connection file Jupyter writes for a kernel (parsed by basekernel): where to bind, how to sign. */
public record ConnectionInfo(String transport, String ip, int shellPort, int controlPort, int iopubPort,
                             int stdinPort, int hbPort, String key, String signatureScheme) {

    public static ConnectionInfo read(Path file) throws IOException {
        KernelConnectionProperties p = KernelConnectionProperties.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (p == null || p.getIp() == null) {
            throw new IllegalArgumentException("no ip/ports in it");
        }
        String scheme = p.getSignatureScheme() == null || p.getSignatureScheme().isEmpty() ? "hmac-sha256" : p.getSignatureScheme();
        return new ConnectionInfo(p.getTransport() == null ? "tcp" : p.getTransport(), p.getIp(), p.getShellPort(),
            p.getControlPort(), p.getIopubPort(), p.getStdinPort(), p.getHbPort(),
            p.getKey() == null ? "" : p.getKey(), scheme);
    }

    public String address(int port) {
        return "ipc".equals(transport) ? transport + "://" + ip + "-" + port : transport + "://" + ip + ":" + port;
    }
}
