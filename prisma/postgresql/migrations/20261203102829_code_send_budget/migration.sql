-- CreateTable
CREATE TABLE "SendSlot" (
    "key" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SendSlot_pkey" PRIMARY KEY ("key","slot")
);

-- CreateIndex
CREATE INDEX "SendSlot_usedAt_idx" ON "SendSlot"("usedAt");


