-- AlterTable
ALTER TABLE "ClientGrant" ADD COLUMN "openedAt" DATETIME;
ALTER TABLE "ClientGrant" ADD COLUMN "openedIp" TEXT;
ALTER TABLE "ClientGrant" ADD COLUMN "openedUserAgent" TEXT;


