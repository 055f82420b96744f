-- CreateTable
CREATE TABLE "ApprovalRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "choices" TEXT NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "decision" TEXT,
    "decidedAt" DATETIME,
    "usedAt" DATETIME,
    CONSTRAINT "ApprovalRequest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ApprovalRequest_userId_createdAt_idx" ON "ApprovalRequest"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "ApprovalRequest_challengeId_idx" ON "ApprovalRequest"("challengeId");


