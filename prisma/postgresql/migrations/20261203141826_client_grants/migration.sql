-- CreateTable
CREATE TABLE "ClientGrant" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pollHash" TEXT NOT NULL,
    "pageHash" TEXT NOT NULL,
    "matchCode" TEXT NOT NULL,
    "clientName" TEXT NOT NULL,
    "userAgent" TEXT,
    "ip" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "interval" INTEGER NOT NULL DEFAULT 5,
    "lastPolledAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'pending',
    "userId" TEXT,
    "decidedAt" TIMESTAMP(3),
    "grantName" TEXT,
    "grantScope" TEXT,
    "grantApps" TEXT,
    "grantExpiry" INTEGER,
    "tokenId" INTEGER,

    CONSTRAINT "ClientGrant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ClientGrant_pollHash_key" ON "ClientGrant"("pollHash");

-- CreateIndex
CREATE UNIQUE INDEX "ClientGrant_pageHash_key" ON "ClientGrant"("pageHash");

-- CreateIndex
CREATE INDEX "ClientGrant_expiresAt_idx" ON "ClientGrant"("expiresAt");

-- AddForeignKey
ALTER TABLE "ClientGrant" ADD CONSTRAINT "ClientGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


