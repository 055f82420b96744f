-- CreateTable
CREATE TABLE "SendSlot" (
    "key" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "usedAt" DATETIME NOT NULL,

    PRIMARY KEY ("key", "slot")
);

-- CreateIndex
CREATE INDEX "SendSlot_usedAt_idx" ON "SendSlot"("usedAt");


