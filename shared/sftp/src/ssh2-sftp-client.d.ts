// ssh2-sftp-client ships no types; client.ts declares the slice of its API it uses.
declare module "ssh2-sftp-client" {
  const SftpClient: unknown;
  export default SftpClient;
}
