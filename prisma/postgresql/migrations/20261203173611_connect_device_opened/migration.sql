-- AlterTable
ALTER TABLE "ClientGrant" ADD COLUMN     "openedAt" TIMESTAMP(3),
ADD COLUMN     "openedIp" TEXT,
ADD COLUMN     "openedUserAgent" TEXT;


