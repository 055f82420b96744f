-- CreateTable
CREATE TABLE "ClientGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "pollHash" TEXT NOT NULL,
    "pageHash" TEXT NOT NULL,
    "matchCode" TEXT NOT NULL,
    "clientName" TEXT NOT NULL,
    "userAgent" TEXT,
    "ip" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "interval" INTEGER NOT NULL DEFAULT 5,
    "lastPolledAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "userId" TEXT,
    "decidedAt" DATETIME,
    "grantName" TEXT,
    "grantScope" TEXT,
    "grantApps" TEXT,
    "grantExpiry" INTEGER,
    "tokenId" INTEGER,
    CONSTRAINT "ClientGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ClientGrant_pollHash_key" ON "ClientGrant"("pollHash");

-- CreateIndex
CREATE UNIQUE INDEX "ClientGrant_pageHash_key" ON "ClientGrant"("pageHash");

-- CreateIndex
CREATE INDEX "ClientGrant_expiresAt_idx" ON "ClientGrant"("expiresAt");


