[ __curPos.column ]
