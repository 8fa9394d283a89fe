export async function main(argv: string[]): Promise<number> {
  console.log("casemix", argv.join(" "));
  return 0;
}
