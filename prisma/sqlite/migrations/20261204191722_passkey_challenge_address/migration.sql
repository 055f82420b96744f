-- AlterTable
ALTER TABLE "WebAuthnChallenge" ADD COLUMN "address" TEXT;

-- CreateIndex
CREATE INDEX "WebAuthnChallenge_purpose_address_idx" ON "WebAuthnChallenge"("purpose", "address");


